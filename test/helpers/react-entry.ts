// Bundled by esbuild for react.test.ts (React ships CommonJS, which the test runner cannot serve).
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
export { UploadPostConnect } from '../../widget/react.ts';
export { React, createRoot, flushSync };
