/**
 * What minigpt's local HTTP front ends (the studio, the OpenAI server) share: a Jetty server that bad clients
 * cannot stop ({@link WebServer}), the checks every request passes first ({@link RequestGuard}), and one way to
 * read a request and reply to it ({@link Exchange}, {@link EventStream}, {@link HttpError}).
 */
package org.minigpt.http;
