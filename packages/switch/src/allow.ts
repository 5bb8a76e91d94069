/**
 * The methods the switch takes inside a call's dialog (RFC 3261 §20.5 Allow): the one list that INVITEs, 2xx
 * responses, OPTIONS answers and 405s all advertise (REGISTER only outside dialogs).
 */
export const DIALOG_METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'INFO', 'UPDATE', 'REFER', 'NOTIFY'];
export const DIALOG_ALLOW = DIALOG_METHODS.join(', ');
