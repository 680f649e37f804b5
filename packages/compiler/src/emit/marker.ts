/**
 * Marker file: its presence is what allows the writer to replace a generated/<name> directory.
 * (Not to be confused with the runner's state directory models/<name>/.trtforge/.)
 */
export const MARKER_FILE = 'trtforge.generated.json';
