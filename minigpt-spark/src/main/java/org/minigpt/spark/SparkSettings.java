package org.minigpt.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;

/**
 * The {@code spark.} keys: {@code spark.master} and any other Spark property, passed to Spark as they are
 * (what {@code spark-submit --conf} would pass), over the properties {@code spark-submit} set.
 */
final class SparkSettings {
    static final String SECTION = "spark";
    static final Setting<String> MASTER = Setting.text("master", "",
            "the cluster: local[N], local-cluster[N,cores,MB], spark://HOST:PORT, yarn, k8s://...; any other spark.* key is"
                    + " passed to Spark").defaultDescribed("spark-submit's --master, else local[diloco.workers]");
    static final List<Setting<?>> SETTINGS = List.of(MASTER);
    private static final int CONNECT_MILLIS = 3000;
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*\\d+\\s*,\\s*\\d+\\s*,\\s*(\\d+)\\s*]");

    private SparkSettings() {
    }

    /**
     * Spark's configuration for a run of {@code workers}: the config's {@code spark.} keys (each read from
     * {@code section}, so they count as known), one native thread a task, and room for the workers' results.
     */
    static SparkConf conf(Config config, PluginConfig section, int workers, long resultBytes) {
        SparkConf conf = new SparkConf(); // spark-submit's properties, when it started this process
        for (Map.Entry<String, String> entry : config.asMap().entrySet()) {
            if (entry.getKey().startsWith(SECTION + ".") && !entry.getValue().isEmpty()) {
                conf.set(entry.getKey(), section.string(entry.getKey().substring(SECTION.length() + 1), ""));
            }
        }
        String master = section.get(MASTER);
        if (!master.isEmpty()) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + workers + "]");
        }
        conf.setIfMissing("spark.app.name", "minigpt");
        Matcher localCluster = LOCAL_CLUSTER.matcher(conf.get("spark.master"));
        if (localCluster.matches()) {
            conf.setIfMissing("spark.executor.memory", localCluster.group(1) + "m"); // all a local-cluster worker has
        }
        if (inThisProcess(conf.get("spark.master"))) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1"); // threads of this process: nothing to reach from outside
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        // One native thread per task: tasks that share a machine do not fight over cores, and a task's sums
        // always run in the same order, so a task run again gives the same numbers.
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.setIfMissing("spark.driver.maxResultSize", Math.max(1L << 30, 2 * resultBytes) + "b");
        return conf;
    }

    /** Whether {@code master} runs its executors as threads of this process ({@code local}, {@code local[N]}). */
    static boolean inThisProcess(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    /** A standalone master that answers no connection is named before Spark retries it for a minute. */
    static void requireReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        IOException last = null;
        for (String address : master.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            if (colon < 0) {
                throw new ConfigException("spark.master=" + master + " needs a port, e.g. spark://" + address + ":7077");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                        CONNECT_MILLIS);
                return;
            } catch (IOException | IllegalArgumentException e) {
                last = e instanceof IOException io ? io : new IOException(e.getMessage());
            }
        }
        throw new ConfigException("spark.master=" + master + ": no Spark master answers there (" + last.getMessage()
                + "); start one (docs/spark.md) or correct the address");
    }
}
