#!/usr/bin/env node
// kubectl finds plugins named kubectl-<name>: `kubectl hop ...` runs the same program as kubehop.
import './kubehop.js';
