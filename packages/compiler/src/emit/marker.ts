/** Marker file: its presence is what allows the writer to replace a generated/<name> directory. */
export const MARKER_FILE = '.trtforge';
