/** What the tokenizer plugins share: the file a run keeps its tokenizer in. */
package org.minigpt.tokenizers;
