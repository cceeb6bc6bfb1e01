#!/usr/bin/env node
// The emulator of Upload-Post on 127.0.0.1: `upload-post-emulator --port 8788 --api-key dev-key`.
import '../dist/server/entries/emulator-cli.js';
