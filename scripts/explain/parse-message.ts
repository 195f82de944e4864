/**
 * Reads a pasted message into its parts. The IAM sentence wins when there is one (it names caller,
 * action and resource); the service's own wording around it adds what it knows (the API call, the
 * image of a pull). Otherwise the first service text it fits. Undefined: not a message xacct can read.
 */
import type { ParsedMessage } from './message';
import { normalizeMessage } from './normalize';
import { parseNotAuthorized } from './parse-not-authorized';
import { imageOf, operationOf, parseServiceText, publicAclOf } from './parse-service-texts';

export function parseMessage(raw: string): ParsedMessage | undefined {
  const text = normalizeMessage(raw);
  if (text === '') return undefined;
  const sentence = parseNotAuthorized(text);
  if (sentence?.action) {
    const operation = operationOf(text);
    const image = imageOf(text);
    const acl = publicAclOf(text);
    return { ...sentence, form: 'not-authorized', text, ...(operation ? { operation } : {}), ...(image ? { image } : {}), ...(acl ? { publicAcl: acl } : {}) };
  }
  const other = parseServiceText(text);
  if (other?.form) return { ...other, form: other.form, text, ...(sentence?.truncated ? { truncated: true } : {}) };
  return undefined;
}
