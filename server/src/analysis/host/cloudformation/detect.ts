/**
 * Which files the CloudFormation reader takes: cheap tests on the name and the text, run on every
 * YAML or JSON document before the reader (and the `yaml` package it needs) is loaded. The reader
 * then decides by the template's structure (read.ts).
 */

/** The reader's format name. */
export const FORMAT = 'cloudformation';

/** Whether a text may be a CloudFormation template: it names `AWSTemplateFormatVersion` or an `AWS::` type. */
export function mayBeTemplate(text: string): boolean {
  return text.includes('AWSTemplateFormatVersion') || text.includes('AWS::');
}

/** A template is recognised by content (never by the name alone), in a YAML, JSON or `.template` file. */
export function acceptsTemplate(fileName: string, text: string): boolean {
  return /\.(ya?ml|json|template)$/i.test(fileName) && mayBeTemplate(text);
}
