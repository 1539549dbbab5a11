/** Instruction tuning: conversations, the chat template and its special tokens, chat data files and their batches. */
package org.minigpt.core.chat;
