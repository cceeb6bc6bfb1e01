#!/usr/bin/env node
// The standalone token server (see README, "Run it standalone"); configured by environment variables.
import { main } from '../dist/server/entries/server-cli.js';

await main();
