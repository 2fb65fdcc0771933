package dev.hearth.launcher.web.url;

import dev.hearth.launcher.js.FunctionRuntime;
import dev.hearth.launcher.js.HostApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Java half of {@code api/url.js}. The URL parser lives in Java: it is a long state machine over
 * code points with many small string appends, which interpreted GraalJS (hearth's default) runs
 * many times slower than the JVM's compiled Java; one call per parse hands back every component
 * at once ({@link UrlComponents}), so the JS side only splits a string. URLSearchParams keeps its
 * list in JS and comes here only to parse and serialize the form encoding.
 */
public final class UrlHost implements HostApi {

    @Override
    public void install(Map<String, Object> host, FunctionRuntime runtime) {
        // (input, base or null) -> components, or null when either does not parse
        host.put("url.parse", (ProxyExecutable) args -> {
            UrlRecord base = null;
            if (!args[1].isNull()) {
                base = UrlParser.parse(args[1].asString(), null);
                if (base == null) return null;
            }
            UrlRecord url = UrlParser.parse(args[0].asString(), base);
            return url == null ? null : UrlComponents.encode(url);
        });
        // (components, setter name, value) -> components after the setter
        host.put("url.set", (ProxyExecutable) args -> {
            UrlRecord url = UrlComponents.decode(args[0].asString());
            UrlSetters.set(url, args[1].asString(), args[2].asString());
            return UrlComponents.encode(url);
        });
        // query string -> [name, value, name, value, ...]
        host.put("url.parseForm", (ProxyExecutable) args ->
                ProxyArray.fromList(new ArrayList<Object>(FormUrlEncoded.parse(args[0].asString()))));
        // [name, value, ...] -> query string
        host.put("url.serializeForm", (ProxyExecutable) args -> {
            Value array = args[0];
            List<String> pairs = new ArrayList<>((int) array.getArraySize());
            for (long i = 0; i < array.getArraySize(); i++) pairs.add(array.getArrayElement(i).asString());
            return FormUrlEncoded.serialize(pairs);
        });
    }
}
