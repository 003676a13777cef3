package fr.sante.dmp.gateway.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The six-node Redis Cluster of {@code reliability/redis-cluster.sh} (three masters, three replicas, loopback), as the
 * cluster tests see it: the seed URLs, who serves which slots, and the two faults (a manual failover, a kill -9).
 */
final class LoopbackRedisCluster implements AutoCloseable {
    private static final Path SCRIPT = Path.of("..", "reliability", "redis-cluster.sh").toAbsolutePath().normalize();

    /** A master, its slot ranges, and the port of its replica. */
    record Shard(String id, int port, List<int[]> slots, int replicaPort) {
        boolean serves(int slot) {
            return slots.stream().anyMatch(r -> slot >= r[0] && slot <= r[1]);
        }
    }

    private final Path dir;
    private final int base;
    private final String password;
    private final String urls;

    private LoopbackRedisCluster(Path dir, int base, String password, String urls) {
        this.dir = dir;
        this.base = base;
        this.password = password;
        this.urls = urls;
    }

    static LoopbackRedisCluster start(Path dir, int base, String password) throws Exception {
        String out = run(List.of(SCRIPT.toString(), "up", dir.toString(), Integer.toString(base), password), 90);
        String[] lines = out.strip().split("\n");
        return new LoopbackRedisCluster(dir, base, password, lines[lines.length - 1].strip());
    }

    /** DMP_REDIS_URL for DMP_REDIS_MODE=cluster: the six seeds. */
    String urls() {
        return urls;
    }

    /** The masters as node {@code port} sees them now. */
    List<Shard> shards(int port) throws Exception {
        String nodes = cli(port, "cluster", "nodes");
        List<String[]> lines = nodes.lines().map(l -> l.split(" ")).toList();
        List<Shard> shards = new ArrayList<>();
        for (String[] f : lines) {
            if (!f[2].contains("master") || f[2].contains("fail") || f.length < 9) {
                continue;
            }
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated
                }
                String[] r = f[i].split("-");
                slots.add(new int[] {Integer.parseInt(r[0]), Integer.parseInt(r[r.length - 1])});
            }
            int replica = lines.stream().filter(o -> o[3].equals(f[0]) && o[2].contains("slave")
                    && !o[2].contains("fail")).mapToInt(o -> port(o[1])).findFirst().orElse(-1);
            shards.add(new Shard(f[0], port(f[1]), slots, replica));
        }
        return shards;
    }

    /**
     * The master serving this slot, as the first live node sees it, once it has a replica attached: right after a
     * failover the demoted master takes a moment to show as the new master's replica (bounded: 20 s).
     */
    Shard shardOf(int slot) throws Exception {
        for (int i = 0; i < 200; i++) {
            Shard shard = shards(base).stream().filter(s -> s.serves(slot)).findFirst().orElse(null);
            if (shard != null && shard.replicaPort() > 0) {
                return shard;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no master with a replica serves slot " + slot + " after 20 s");
    }

    /** Whether node {@code port} is a master now. */
    boolean isMaster(int port) {
        try {
            return cli(port, "role").startsWith("master");
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits (bounded) until the master's replica has received everything the master wrote. */
    void awaitReplicated(Shard shard) throws Exception {
        for (int i = 0; i < 100; i++) {
            long master = offset(cli(shard.port(), "info", "replication"), "master_repl_offset:");
            long replica = offset(cli(shard.replicaPort(), "info", "replication"), "slave_repl_offset:");
            if (replica >= master) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("replica of " + shard.port() + " not in sync after 5 s");
    }

    /** The graceful fault: the replica takes over (CLUSTER FAILOVER), no write lost. */
    void manualFailover(Shard shard) throws Exception {
        cli(shard.replicaPort(), "cluster", "failover");
    }

    /** The crash: SIGKILL of the master's process; the cluster elects its replica after the node timeout. */
    void kill(Shard shard) throws Exception {
        String pid = Files.readString(dir.resolve(Integer.toString(shard.port())).resolve("redis.pid")).strip();
        new ProcessBuilder("kill", "-9", pid).start().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        run(List.of(SCRIPT.toString(), "down", dir.toString()), 30);
    }

    private String cli(int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("REDISCLI_AUTH", password);
        return collect(pb, 10);
    }

    private static String run(List<String> command, int seconds) throws Exception {
        return collect(new ProcessBuilder(command).redirectErrorStream(true), seconds);
    }

    private static String collect(ProcessBuilder pb, int seconds) throws Exception {
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(pb.command().get(0) + " did not finish within " + seconds + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", pb.command().subList(0, Math.min(2, pb.command().size())))
                    + " failed: " + out);
        }
        return out;
    }

    private static int port(String address) {
        String hostPort = address.split("@")[0];
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private static long offset(String info, String field) {
        return info.lines().filter(l -> l.startsWith(field)).mapToLong(l -> Long.parseLong(l.substring(field.length())
                .strip())).findFirst().orElse(-1);
    }
}
