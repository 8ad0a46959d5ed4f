/**
 * Personal data masked in a line a server printed: resident ID numbers (18 characters, or the
 * 15-digit legacy form) and mobile phone numbers, as lists show them. For the logs of servers
 * the project runs (FerretDB prints the documents of failed writes), which must never hold them.
 */
export function redactPersonalData(line: string): string {
  return line
    .replace(/(?<![\dA-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![\dA-Za-z])/g, '$1********$2')
    .replace(/(?<![\dA-Za-z])(\d{6})\d{6}(\d{3})(?![\dA-Za-z])/g, '$1******$2')
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2');
}
