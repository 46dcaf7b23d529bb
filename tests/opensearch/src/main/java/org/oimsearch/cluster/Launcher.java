package org.oimsearch.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.common.settings.Settings;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.Node;

/**
 * Starts an OpenSearch cluster of N nodes in this JVM (OpenSearch Runner),
 * prints the HTTP address of the first node as {@code URL http://...}, and
 * stops on SIGTERM or when asked through the control directory.
 *
 * <p>Control, without HTTP: the tests write files into the control
 * directory. {@code stop-node} stops one node other than the first (the
 * one the URL names), and the launcher answers with {@code node-stopped}
 * holding the stopped node's name; {@code stop} shuts the cluster down.
 *
 * <p>Arguments: base directory, control directory, number of nodes, base
 * HTTP port (each node takes the next free port from there), and
 * optionally the id of a process to outlive by nothing: when it ends
 * (the script that started the cluster was killed), the cluster stops.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: Launcher BASE_DIR CONTROL_DIR NODES BASE_HTTP_PORT [PARENT_PID]");
            System.exit(2);
        }
        Path control = Path.of(args[1]);
        Files.createDirectories(control);
        int nodes = Integer.parseInt(args[2]);
        OpenSearchRunner runner = new OpenSearchRunner();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown(runner);
            done.countDown();
        }));
        runner.onBuild((number, settings) -> {
            settings.put("http.host", "127.0.0.1");
            settings.put("transport.host", "127.0.0.1");
            // a test machine's disk may be nearly full: never refuse shards for it
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            settings.put("action.auto_create_index", false);
        }).build(OpenSearchRunner.newConfigs()
                .basePath(args[0])
                .clusterName("oim-search-test")
                .numOfNode(nodes)
                .baseHttpPort(Integer.parseInt(args[3]))
                .disableESLogger()
                .printOnFailure());
        runner.ensureGreen();
        for (int i = 0; i < runner.getNodeSize(); i++) {
            System.out.println("NODE " + i + " " + runner.getNode(i).settings().get("node.name")
                    + " http://" + httpAddress(runner.getNode(i)));
        }
        System.out.println("URL http://" + httpAddress(runner.getNode(0)));
        System.out.flush();
        Optional<ProcessHandle> parent = args.length == 5
                ? ProcessHandle.of(Long.parseLong(args[4]))
                : Optional.empty();
        watch(runner, control, done, parent);
    }

    private static String httpAddress(Node node) {
        return node.injector().getInstance(HttpServerTransport.class)
                .boundAddress().publishAddress().toString();
    }

    /** Polls the control directory until asked to stop. */
    private static void watch(OpenSearchRunner runner, Path control, CountDownLatch done,
            Optional<ProcessHandle> parent) throws Exception {
        Path stopNode = control.resolve("stop-node");
        Path stop = control.resolve("stop");
        while (done.getCount() > 0) {
            if (Files.exists(stopNode)) {
                Files.delete(stopNode);
                String name = stopOneNode(runner);
                Files.writeString(control.resolve("node-stopped.tmp"), name + "\n");
                Files.move(control.resolve("node-stopped.tmp"), control.resolve("node-stopped"));
                System.out.println("STOPPED " + name);
                System.out.flush();
            }
            if (Files.exists(stop) || parent.map(p -> !p.isAlive()).orElse(false)) {
                Files.delete(stop);
                System.exit(0);
            }
            Thread.sleep(100);
        }
    }

    /** Stops the last node that is still running, never the first. */
    private static String stopOneNode(OpenSearchRunner runner) throws IOException {
        for (int i = runner.getNodeSize() - 1; i > 0; i--) {
            Node node = runner.getNode(i);
            if (!node.isClosed()) {
                String name = node.settings().get("node.name");
                node.close();
                return name;
            }
        }
        return "none";
    }

    private static void shutdown(OpenSearchRunner runner) {
        try {
            if (!runner.isClosed()) {
                runner.close();
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("cluster: error while stopping: " + e);
        }
        runner.clean();
    }
}
