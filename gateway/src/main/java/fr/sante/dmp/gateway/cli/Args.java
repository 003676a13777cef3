package fr.sante.dmp.gateway.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} options and {@code --flag} switches of a subcommand. */
record Args(Map<String, String> options, Set<String> flags) {

    static Args parse(List<String> args, Set<String> knownOptions, Set<String> knownFlags) {
        Map<String, String> options = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.startsWith("--") ? a.substring(2) : null;
            if (name != null && knownFlags.contains(name)) {
                flags.add(name);
            } else if (name != null && knownOptions.contains(name) && i + 1 < args.size()) {
                options.put(name, args.get(++i));
            } else {
                throw new UsageException("unknown or incomplete option: " + a);
            }
        }
        return new Args(options, flags);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name)).filter(v -> !v.isBlank());
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

}
