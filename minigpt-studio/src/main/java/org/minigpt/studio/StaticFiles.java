package org.minigpt.studio;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import org.minigpt.http.Endpoint;
import org.minigpt.http.Exchange;
import org.minigpt.http.HttpError;

/**
 * The page and its scripts: a fixed table from URL path to class-path resource. Nothing outside it
 * is served, so no path (with {@code ..} or otherwise) reaches the file system.
 */
final class StaticFiles implements Endpoint {
    private static final String WEB = "org/minigpt/studio/web/";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";

    private record Asset(String resource, String contentType) {
    }

    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset(WEB + "index.html", "text/html; charset=utf-8"),
            "/app.js", new Asset(WEB + "app.js", "text/javascript; charset=utf-8"),
            "/style.css", new Asset(WEB + "style.css", "text/css; charset=utf-8"),
            "/vendor/uPlot.iife.min.js", new Asset(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "/vendor/uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

    @Override
    public void handle(Exchange exchange) throws IOException {
        Asset asset = ASSETS.get(exchange.path());
        if (asset == null) {
            throw new HttpError(404, "no such page: " + exchange.path());
        }
        byte[] bytes;
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(asset.resource())) {
            if (in == null) {
                throw new HttpError(500, asset.resource() + " is missing from the class path");
            }
            bytes = in.readAllBytes();
        }
        exchange.setHeader("X-Content-Type-Options", "nosniff");
        exchange.send(200, asset.contentType(), bytes);
    }

    // The WebJar's own Maven metadata names its version, so upgrading it in the pom is enough.
    private static String uplotVersion() {
        Properties properties = new Properties();
        try (InputStream in = StaticFiles.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // left unresolved: the chart's script is then reported missing when asked for
        }
        return properties.getProperty("version", "unknown");
    }
}
