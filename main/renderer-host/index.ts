// Serving the renderer: its built files and their content security policy, shared by web mode's
// HTTP server and Electron's koru:// protocol so neither transport imports the other.
export { rendererCsp } from './csp';
export { contentTypeFor, NOT_BUILT_PAGE, resolveStatic } from './renderer-files';
