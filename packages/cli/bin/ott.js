#!/usr/bin/env node
// The `ott` command. A committed shim (not dist/bin.js itself) so npm can link the command at install time, before
// the package is built in a fresh checkout.
import '../dist/bin.js';
