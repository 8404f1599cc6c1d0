import * as anthropicMessages from './anthropicMessages';
import * as geminiGenerateContent from './geminiGenerateContent';
import * as openaiChat from './openaiChat';
import * as openaiResponses from './openaiResponses';
import type { ProtocolModule } from './script';

/** Every wire protocol the server speaks, tried in order; the first whose `matches` accepts the path answers. */
export const PROTOCOLS: readonly ProtocolModule[] = [anthropicMessages, openaiResponses, geminiGenerateContent, openaiChat];
