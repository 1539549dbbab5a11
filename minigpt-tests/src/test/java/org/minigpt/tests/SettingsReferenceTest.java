package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The configuration reference is what the settings' descriptors say, and {@code settings} lists them. */
class SettingsReferenceTest {
    private static final String BEGIN = "<!-- settings: bin/minigpt settings --markdown -->\n";
    private static final String END = "<!-- /settings -->";

    @Test
    void theConfigurationReferenceIsTheDescriptorsTable() throws Exception {
        String page = Files.readString(TestData.projectRoot().resolve("docs/configuration.md"));
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/configuration.md holds the generated table between its markers");
        CliRun generated = CliRun.of("settings", "--markdown");
        assertEquals(0, generated.exitCode(), generated.toString());
        assertEquals(generated.out(), page.substring(begin + BEGIN.length(), end),
                "docs/configuration.md's table differs from the descriptors: paste bin/minigpt settings --markdown there");
    }

    @Test
    void oneSettingsListingShowsAPluginsKeysDefaultsAndRanges() {
        CliRun topK = CliRun.of("settings", "top-k");
        assertEquals(0, topK.exitCode(), topK.toString());
        assertTrue(topK.out().startsWith("sampler=top-k"), topK.out());
        assertTrue(topK.out().matches("(?s).*sampler\\.top-k\\.k +integer +10 +≥ 1 +keep the k most likely tokens.*"), topK.out());
        CliRun unknown = CliRun.of("settings", "top-q");
        assertEquals(2, unknown.exitCode());
        assertEquals("minigpt: no plugin or section is called 'top-q'; minigpt settings lists them all\n", unknown.err());
    }
}
