/** {@code minigpt serve}: trained runs behind the OpenAI API, over the JDK's HTTP server. */
package org.minigpt.serve;
