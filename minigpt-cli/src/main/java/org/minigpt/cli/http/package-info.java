/** What minigpt's local HTTP front ends (the studio, the server) share: the checks every request passes first. */
package org.minigpt.cli.http;
