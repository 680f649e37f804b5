#!/usr/bin/env node
// Thin launcher: all logic lives in dist/main.js so `npm i -g` and workspace bins behave the same.
import { main } from '../dist/main.js';
main(process.argv).then((code) => { process.exitCode = code; });
