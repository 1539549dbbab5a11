/** Instruction tuning: conversations, the chat template and its special tokens, replies and the window a chat keeps. */
package org.minigpt.core.chat;
