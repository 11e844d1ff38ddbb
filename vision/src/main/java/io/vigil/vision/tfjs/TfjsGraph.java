package io.vigil.vision.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed TF.js graph model ({@code model.json}, format "graph-model") with its weights. */
final class TfjsGraph {

    /** A graph node; {@code inputs} are tensor references "node" or "node:k" (control inputs dropped). */
    record Node(String name, String op, List<String> inputs, JsonNode attr) {

        JsonNode attribute(String key) {
            return attr == null ? null : attr.get(key);
        }

        long attrInt(String key, long fallback) {
            JsonNode a = attribute(key);
            return a == null || !a.has("i") ? fallback : a.get("i").asLong();
        }

        float attrFloat(String key, float fallback) {
            JsonNode a = attribute(key);
            return a == null || !a.has("f") ? fallback : (float) a.get("f").asDouble();
        }

        boolean attrBool(String key) {
            JsonNode a = attribute(key);
            return a != null && a.path("b").asBoolean(false);
        }

        String attrString(String key, String fallback) {
            JsonNode a = attribute(key);
            return a == null || !a.has("s") ? fallback : decode(a.get("s").asText());
        }

        long[] attrInts(String key) {
            JsonNode list = attribute(key) == null ? null : attribute(key).path("list").get("i");
            if (list == null) {
                return new long[0];
            }
            long[] values = new long[list.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = list.get(i).asLong();
            }
            return values;
        }

        List<String> attrStrings(String key) {
            List<String> values = new ArrayList<>();
            JsonNode list = attribute(key) == null ? null : attribute(key).path("list").get("s");
            if (list != null) {
                list.forEach(s -> values.add(decode(s.asText())));
            }
            return values;
        }

        String type(String key) {
            JsonNode a = attribute(key);
            return a == null ? null : a.path("type").asText(null);
        }

        private static String decode(String base64) {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        }
    }

    /** A graph input or output from the model's signature: tensor reference, TF dtype, shape (-1 = unknown). */
    record Port(String tensor, String dtype, long[] shape) {}

    final Map<String, Node> nodes;
    final List<Port> inputs;
    final List<Port> outputs;
    final Map<String, ConstTensor> weights;

    private TfjsGraph(Map<String, Node> nodes, List<Port> inputs, List<Port> outputs, Map<String, ConstTensor> weights) {
        this.nodes = nodes;
        this.inputs = inputs;
        this.outputs = outputs;
        this.weights = weights;
    }

    static TfjsGraph load(Path modelJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(modelJson.toFile());
        } catch (IOException e) {
            throw new ModelConversionException("cannot read TF.js model " + modelJson + ": " + e.getMessage(), e);
        }
        JsonNode topology = root.path("modelTopology");
        if (!topology.has("node") || !root.has("weightsManifest")) {
            throw new ModelConversionException(modelJson + " is not a TF.js graph model (no modelTopology.node / weightsManifest)");
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (JsonNode n : topology.get("node")) {
            List<String> inputs = new ArrayList<>();
            n.path("input").forEach(i -> {
                if (!i.asText().startsWith("^")) {
                    inputs.add(i.asText());
                }
            });
            nodes.put(n.get("name").asText(), new Node(n.get("name").asText(), n.get("op").asText(), inputs, n.get("attr")));
        }
        Map<String, ConstTensor> weights = TfjsWeights.read(root.get("weightsManifest"), modelJson.toAbsolutePath().getParent());
        JsonNode signature = root.has("signature") ? root.get("signature") : topology.path("signature");
        List<Port> inputs = ports(signature.path("inputs"));
        List<Port> outputs = ports(signature.path("outputs"));
        if (inputs.isEmpty()) {
            nodes.values().stream().filter(n -> n.op().equals("Placeholder")).forEach(n -> inputs.add(placeholderPort(n)));
        }
        if (outputs.isEmpty()) {
            outputs.addAll(unconsumedNodes(nodes));
        }
        return new TfjsGraph(nodes, inputs, outputs, weights);
    }

    private static List<Port> ports(JsonNode signaturePart) {
        List<Port> ports = new ArrayList<>();
        signaturePart.forEach(p -> {
            JsonNode dims = p.path("tensorShape").path("dim");
            long[] shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i).path("size").asLong(-1);
            }
            ports.add(new Port(p.get("name").asText(), p.path("dtype").asText("DT_FLOAT"), p.path("tensorShape").has("dim") ? shape : null));
        });
        return ports;
    }

    private static Port placeholderPort(Node n) {
        JsonNode dims = n.attribute("shape") == null ? null : n.attribute("shape").path("shape").get("dim");
        long[] shape = null;
        if (dims != null) {
            shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i).path("size").asLong(-1);
            }
        }
        String dtype = n.type("dtype");
        return new Port(n.name(), dtype == null ? "DT_FLOAT" : dtype, shape);
    }

    private static List<Port> unconsumedNodes(Map<String, Node> nodes) {
        Set<String> consumed = new HashSet<>();
        nodes.values().forEach(n -> n.inputs().forEach(i -> consumed.add(nodeName(i))));
        List<Port> outputs = new ArrayList<>();
        for (Node n : nodes.values()) {
            if (!consumed.contains(n.name()) && !n.op().equals("Const") && !n.op().equals("Placeholder")) {
                outputs.add(new Port(n.name(), "DT_FLOAT", null));
            }
        }
        return outputs;
    }

    /** "node:2" → "node"; "node" → "node". */
    static String nodeName(String tensor) {
        int colon = tensor.lastIndexOf(':');
        return colon < 0 ? tensor : tensor.substring(0, colon);
    }

    /** "node:2" → 2; "node" → 0. */
    static int outputIndex(String tensor) {
        int colon = tensor.lastIndexOf(':');
        return colon < 0 ? 0 : Integer.parseInt(tensor.substring(colon + 1));
    }

    /** Canonical reference "node:k". */
    static String canonical(String tensor) {
        return nodeName(tensor) + ":" + outputIndex(tensor);
    }
}
