/**
 * Placeholder: this package has no API yet (see the project's open issues). It exists so the workspace layout is
 * complete; importing it gives nothing.
 */
export {};
