package io.dmsnap.cli.report;

import io.dmsnap.cli.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Opens an HTML file in Debian's headless Chromium and reports what a reader would see: every
 * image (our charts) loaded and decoded with a non-zero size, or not. Talks to the browser over
 * the DevTools protocol (a WebSocket from java.net.http), so the checked page carries no test hook.
 * Chromium is found as {@code $DMSNAP_CHROMIUM}, else {@code chromium} on the PATH; the browser
 * tests run when {@code /usr/bin/chromium} exists (the cli pom's {@code browser} profile), and
 * .ci/run installs it.
 */
public final class HeadlessChromium implements AutoCloseable
{
    /** What the page showed. */
    public record Rendered(String title, int images, List<String> broken, int tables)
    {
    }

    /** Waits for the load event and for every image to settle, then counts the broken ones. */
    private static final String CHECK = String.join("\n",
        "new Promise(resolve => {",
        "  const done = () => {",
        "    const imgs = Array.from(document.images);",
        "    Promise.all(imgs.map(i => i.decode().catch(() => null))).then(() => resolve(JSON.stringify({",
        "      title: document.title,",
        "      images: imgs.length,",
        "      broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0 && i.naturalHeight > 0)).map(i => i.alt),",
        "      tables: document.querySelectorAll('table').length})));",
        "  };",
        "  if (document.readyState === 'complete') done(); else window.addEventListener('load', done);",
        "})");

    private final Process browser;
    private final Path profile;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HeadlessChromium(final Process browser, final Path profile, final int port)
    {
        this.browser = browser;
        this.profile = profile;
        this.port = port;
    }

    /** Starts a browser with an empty profile and no network use of its own. */
    public static HeadlessChromium start() throws IOException, InterruptedException
    {
        final String binary = System.getenv().getOrDefault("DMSNAP_CHROMIUM", "chromium");
        final Path profile = Files.createTempDirectory("dmsnap-chromium");
        final Process p;
        try
        {
            p = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--remote-allow-origins=*", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        }
        catch (final IOException e)
        {
            throw new IOException("headless Chromium not found as '" + binary
                + "': install Debian's chromium (apt-get install -y chromium) or set DMSNAP_CHROMIUM", e);
        }
        final Path portFile = profile.resolve("DevToolsActivePort");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty())
        {
            if (!p.isAlive() || System.nanoTime() > deadline)
            {
                p.destroyForcibly();
                throw new IOException("Chromium did not open its DevTools port (exit "
                    + (p.isAlive() ? "none" : p.exitValue()) + ")");
            }
            Thread.sleep(50);
        }
        return new HeadlessChromium(p, profile, Integer.parseInt(Files.readAllLines(portFile).get(0).trim()));
    }

    /** Opens {@code html} in a new tab, waits for its load event and reports what rendered. */
    public Rendered open(final Path html) throws Exception
    {
        final URI newTab = URI.create("http://127.0.0.1:" + port + "/json/new?about:blank");
        final HttpResponse<String> created = http.send(
            HttpRequest.newBuilder(newTab).PUT(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        final JsonNode target = Json.MAPPER.readTree(created.body());
        final String socketUrl = target.get("webSocketDebuggerUrl").asString();
        final DevToolsSocket socket = new DevToolsSocket();
        final WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(socketUrl), socket).get(10, TimeUnit.SECONDS);
        try
        {
            socket.call(ws, "Page.enable", Json.MAPPER.createObjectNode()).get(10, TimeUnit.SECONDS);
            final CompletableFuture<JsonNode> loaded = socket.event("Page.loadEventFired");
            final JsonNode navigated = socket.call(ws, "Page.navigate",
                Json.MAPPER.createObjectNode().put("url", html.toAbsolutePath().toUri().toString())).get(10, TimeUnit.SECONDS);
            if (navigated.path("result").has("errorText"))
            {
                throw new IOException("Chromium could not open " + html + ": " + navigated.path("result").get("errorText"));
            }
            loaded.get(30, TimeUnit.SECONDS);
            final ObjectNode params = Json.MAPPER.createObjectNode()
                .put("expression", CHECK).put("awaitPromise", true).put("returnByValue", true);
            final JsonNode reply = socket.call(ws, "Runtime.evaluate", params).get(30, TimeUnit.SECONDS);
            final JsonNode value = reply.path("result").path("result").path("value");
            if (!value.isString())
            {
                throw new IOException("the page check did not return a value: " + reply);
            }
            final JsonNode page = Json.MAPPER.readTree(value.asString());
            final List<String> broken = new ArrayList<>();
            page.get("broken").forEach(b -> broken.add(b.asString()));
            return new Rendered(page.get("title").asString(), page.get("images").asInt(), broken,
                page.get("tables").asInt());
        }
        finally
        {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException
    {
        browser.destroy();
        if (!browser.waitFor(10, TimeUnit.SECONDS))
        {
            browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(profile))
        {
            for (final Path f : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(f);
            }
        }
        catch (final IOException | UncheckedIOException e)
        {
            // The browser may still be writing into its profile while it exits; a left-over
            // temporary directory is harmless.
        }
    }

    /**
     * One DevTools connection: requests carry an id, replies complete the matching future; an
     * event completes the future registered for its method name (register before causing it).
     */
    private static final class DevToolsSocket implements WebSocket.Listener
    {
        private final AtomicInteger ids = new AtomicInteger();
        private final ConcurrentHashMap<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, CompletableFuture<JsonNode>> events = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();

        CompletableFuture<JsonNode> event(final String method)
        {
            return events.computeIfAbsent(method, m -> new CompletableFuture<>());
        }

        CompletableFuture<JsonNode> call(final WebSocket ws, final String method, final ObjectNode params)
        {
            final int id = ids.incrementAndGet();
            final CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            final ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
            message.set("params", params);
            ws.sendText(Json.MAPPER.writeValueAsString(message), true);
            return reply;
        }

        @Override
        public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                final JsonNode message = Json.MAPPER.readTree(partial.toString());
                partial.setLength(0);
                if (message.has("id"))
                {
                    final CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
                    if (reply != null)
                    {
                        reply.complete(message);
                    }
                }
                else if (message.has("method"))
                {
                    final CompletableFuture<JsonNode> waiting = events.remove(message.get("method").asString());
                    if (waiting != null)
                    {
                        waiting.complete(message);
                    }
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(final WebSocket ws, final Throwable error)
        {
            pending.values().forEach(f -> f.completeExceptionally(error));
            events.values().forEach(f -> f.completeExceptionally(error));
        }
    }
}
