package org.kernellab.console.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.kernellab.api.hw.Machine;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * Hand-made stand-ins for the framework (bundles, service references, a bundle context) and the
 * machine, enough for the dev: and blk: commands. Each is a proxy that answers the methods the
 * commands call and throws on any other.
 */
final class DevFakes {
    private DevFakes() {}

    /** A test jar: a manifest with these headers (name: value pairs) and the given entries. */
    static byte[] jar(Map<String, String> headers, Map<String, byte[]> entries) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (Map.Entry<String, String> h : headers.entrySet()) m.getMainAttributes().putValue(h.getKey(), h.getValue());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(DevCommands.MANIFEST));
            m.write(zip);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A jar's files by name (directories left out). */
    static Map<String, byte[]> files(byte[] jar) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) if (!e.getName().endsWith("/")) out.put(e.getName(), in.readAllBytes());
        }
        return out;
    }

    static Map<String, String> driverHeaders(String bsn, String version, String fake) {
        Map<String, String> h = new TreeMap<>();
        h.put(Constants.BUNDLE_SYMBOLICNAME, bsn);
        h.put(Constants.BUNDLE_VERSION, version);
        h.put(KernelCommands.ROLE_HEADER, "driver");
        if (fake != null) h.put("X-Fake", fake);
        return h;
    }

    /**
     * A bundle whose content is a jar. An update takes the new jar's manifest and entries; its
     * {@code X-Fake} header says how the new revision behaves: {@code start-fails} (the start
     * throws, the bundle stays RESOLVED), {@code no-bind} (active, but it never uses the device),
     * else it starts and binds.
     */
    static final class FakeBundle {
        final long id;
        String bsn;
        Version version;
        int state = Bundle.ACTIVE;
        final Hashtable<String, String> headers = new Hashtable<>();
        Map<String, byte[]> entries = new TreeMap<>();
        final List<byte[]> updates = new ArrayList<>();
        int starts;
        Bundle proxy;

        FakeBundle(long id, String bsn, String version, String role) {
            this.id = id;
            this.bsn = bsn;
            this.version = Version.parseVersion(version);
            if (role != null) headers.put(KernelCommands.ROLE_HEADER, role);
            headers.put(Constants.BUNDLE_SYMBOLICNAME, bsn);
            headers.put(Constants.BUNDLE_VERSION, version);
        }

        /** Gives the bundle the content of {@code jar}, as the framework does at an install or update. */
        void content(byte[] jar) throws IOException {
            Map<String, byte[]> files = files(jar);
            Manifest m = new Manifest(new ByteArrayInputStream(files.get(DevCommands.MANIFEST)));
            headers.clear();
            m.getMainAttributes().forEach((k, v) -> headers.put(k.toString(), v.toString()));
            bsn = DevCommands.symbolicName(headers.get(Constants.BUNDLE_SYMBOLICNAME));
            version = Version.parseVersion(headers.get(Constants.BUNDLE_VERSION));
            entries = files;
        }

        boolean binds() {
            return state == Bundle.ACTIVE && !"no-bind".equals(headers.get("X-Fake"));
        }

        private void start() throws BundleException {
            starts++;
            if ("start-fails".equals(headers.get("X-Fake"))) {
                state = Bundle.RESOLVED;
                throw new BundleException("Unable to resolve " + bsn + " [" + id + "](R " + id + ".1): missing requirement",
                    BundleException.RESOLVE_ERROR);
            }
            state = Bundle.ACTIVE;
        }

        Bundle bundle() {
            if (proxy != null) return proxy;
            proxy = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class}, (p, m, args) -> {
                switch (m.getName()) {
                    case "getBundleId": return id;
                    case "getSymbolicName": return bsn;
                    case "getVersion": return version;
                    case "getState": return state;
                    case "getHeaders": return headers;
                    case "getLocation": return "fake:" + bsn;
                    case "hashCode": return Long.hashCode(id);
                    case "equals": return p == args[0];
                    case "toString": return bsn + " [" + id + "]";
                    case "start":
                        start();
                        return null;
                    case "update":
                        byte[] jar = ((InputStream) args[0]).readAllBytes();
                        updates.add(jar);
                        boolean wasActive = state == Bundle.ACTIVE;
                        state = Bundle.INSTALLED;
                        content(jar);
                        state = Bundle.RESOLVED;
                        if (wasActive) start(); // Felix throws a failed restart to the updater
                        return null;
                    case "getEntry": return url((String) args[0]);
                    case "getEntryPaths": return entryPaths((String) args[0]);
                    default: throw new UnsupportedOperationException("FakeBundle." + m.getName());
                }
            });
            return proxy;
        }

        private URL url(String path) throws MalformedURLException {
            String name = path.startsWith("/") ? path.substring(1) : path;
            byte[] data = entries.get(name);
            if (data == null) return null;
            return new URL(null, "fake:" + name, new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL u) {
                    return new URLConnection(u) {
                        @Override public void connect() {}
                        @Override public InputStream getInputStream() { return new ByteArrayInputStream(data); }
                    };
                }
            });
        }

        private java.util.Enumeration<String> entryPaths(String dir) {
            String d = dir.equals("/") ? "" : dir.startsWith("/") ? dir.substring(1) : dir;
            TreeSet<String> out = new TreeSet<>();
            for (String name : entries.keySet()) {
                if (!name.startsWith(d) || name.equals(d)) continue;
                String rest = name.substring(d.length());
                int slash = rest.indexOf('/');
                out.add(d + (slash < 0 ? rest : rest.substring(0, slash + 1)));
            }
            return out.isEmpty() ? null : Collections.enumeration(out);
        }
    }

    /** A service: its properties, the object, and who uses it (computed when asked). */
    static final class FakeService {
        final Hashtable<String, Object> props = new Hashtable<>();
        final Object service;
        final Supplier<List<Bundle>> using;
        int gets;
        int ungets;
        ServiceReference<?> ref;

        FakeService(long id, String objectClass, String provider, Object service, Supplier<List<Bundle>> using) {
            this.service = service;
            this.using = using;
            props.put(Constants.SERVICE_ID, id);
            props.put(Constants.OBJECTCLASS, new String[] {objectClass});
            props.put(DevCommands.BOUNDARY, "checked");
            props.put(DevCommands.PROVIDER, provider);
        }

        ServiceReference<?> ref() {
            if (ref != null) return ref;
            ref = (ServiceReference<?>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (p, m, args) -> switch (m.getName()) {
                    case "getProperty" -> props.get((String) args[0]);
                    case "getUsingBundles" -> {
                        List<Bundle> u = using.get();
                        yield u.isEmpty() ? null : u.toArray(Bundle[]::new);
                    }
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    case "toString" -> "ref " + props;
                    default -> throw new UnsupportedOperationException("FakeService.ref." + m.getName());
                });
            return ref;
        }
    }

    /** A bundle context over some bundles and services. */
    static BundleContext context(List<FakeBundle> bundles, List<FakeService> services) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class},
            (p, m, args) -> {
                switch (m.getName()) {
                    case "getBundles": return bundles.stream().map(FakeBundle::bundle).toArray(Bundle[]::new);
                    case "getServiceReferences":
                        return services.isEmpty() ? null : services.stream().map(FakeService::ref).toArray(ServiceReference[]::new);
                    case "getService":
                        for (FakeService s : services) if (s.ref() == args[0]) { s.gets++; return s.service; }
                        return null;
                    case "ungetService":
                        for (FakeService s : services) if (s.ref() == args[0]) { s.ungets++; return true; }
                        return false;
                    default: throw new UnsupportedOperationException("FakeContext." + m.getName());
                }
            });
    }

    /** A machine whose time and generation the test sets; still() runs the action and counts. */
    static final class FakeMachine {
        long now;
        long generation = 1;
        int stills;

        Machine machine() {
            return (Machine) Proxy.newProxyInstance(Machine.class.getClassLoader(), new Class<?>[] {Machine.class}, (p, m, args) -> {
                switch (m.getName()) {
                    case "now": return now;
                    case "generation": return generation;
                    case "still":
                        stills++;
                        return ((Supplier<?>) args[0]).get();
                    default: throw new UnsupportedOperationException("FakeMachine." + m.getName());
                }
            });
        }
    }
}
