/** Contract tests every plugin of a kind must pass; shipped in the minigpt-api test-jar for plugin authors. */
package org.minigpt.api.contract;
