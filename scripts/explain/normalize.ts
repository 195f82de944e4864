/**
 * A message as people paste it: from a terminal (line-wrapped), from JSON (escaped quotes), from XML
 * (S3's error body, entities), from the console (typographic apostrophes). Reduced to one line of plain
 * text; the words are kept, so wrappers (`An error occurred (AccessDenied) when calling ...`) still say
 * which API call failed.
 */

const ENTITIES: Record<string, string> = { '&quot;': '"', '&apos;': "'", '&lt;': '<', '&gt;': '>', '&amp;': '&' };

export function normalizeMessage(raw: string): string {
  return (
    raw
      .replace(/\r/g, '')
      // JSON copies (CloudTrail errorMessage, CodePipeline errorDetails) escape quotes and line breaks.
      .replace(/\\"/g, '"')
      .replace(/\\n/g, ' ')
      .replace(/&(quot|apos|lt|gt|amp);/g, (e) => ENTITIES[e])
      // XML error bodies (S3, STS): their tags are noise around the message. Only theirs: people write
      // placeholders like <account> inside ARNs.
      .replace(/<\/?(?:ErrorResponse|Errors|Error|Code|Message|RequestId|HostId|Resource|Type)>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
