// What a reporter (report/) is told about each check, e.g. for SARIF's rule
// list. Owned here, beside the checks it describes.

export interface CheckInfo {
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: 'error' | 'warning' | 'info';
  /** Link to the check's documentation page. */
  readonly helpUri: string;
}
