package io.vigil.app.eval;

import io.vigil.common.Boxes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.alg.matching.MaximumWeightBipartiteMatching;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * Boxes of tracked objects scored against boxes ground truth, frame by frame, as MOTChallenge does:
 * <ul>
 *   <li>detection: in each frame, ground-truth and tracked boxes are matched one to one with IoU at least
 *       {@code minIou}, as many pairs as can be, then the best summed IoU (as a Hungarian assignment); recall = matched / ground-truth boxes, precision = matched /
 *       tracked boxes;</li>
 *   <li>identity (IDF1, Ristani et al. 2016): each ground-truth id is assigned at most one track id, and the other
 *       way round, over the whole recording, so that the number of frames where an assigned pair overlaps (IoU at
 *       least {@code minIou}) is the largest (IDTP); IDF1 = 2 IDTP / (ground-truth boxes + tracked boxes). A track that
 *       follows two people, or a person whose track changes id, scores below 1 though each frame is found.</li>
 * </ul>
 */
public final class BoxScore {
    /** A box with the id of its object ([x1, y1, x2, y2]). */
    public record Box(String id, double[] box) {}

    private final double minIou;
    private int frames;
    private int truthBoxes;
    private int trackedBoxes;
    private int matched;
    /** Per ground-truth id, per track id: frames where the two overlap enough. */
    private final Map<String, Map<String, Integer>> overlaps = new HashMap<>();

    public BoxScore(double minIou) {
        this.minIou = minIou;
    }

    /** Scores one frame. */
    public void add(List<Box> truth, List<Box> tracked) {
        frames++;
        truthBoxes += truth.size();
        trackedBoxes += tracked.size();
        SimpleWeightedGraph<String, DefaultWeightedEdge> pairs = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        Set<String> left = new HashSet<>(), right = new HashSet<>();
        // weight n + IoU: the most pairs first (one more pair outweighs any IoU gain), then the best overlap
        int n = Math.min(truth.size(), tracked.size()) + 1;
        for (int g = 0; g < truth.size(); g++) {
            for (int t = 0; t < tracked.size(); t++) {
                double iou = Boxes.iou(truth.get(g).box(), tracked.get(t).box());
                if (iou < minIou || iou <= 0) continue;
                overlaps.computeIfAbsent(truth.get(g).id(), k -> new HashMap<>()).merge(tracked.get(t).id(), 1, Integer::sum);
                String a = "g" + g, b = "t" + t;
                left.add(a);
                right.add(b);
                addEdge(pairs, a, b, n + iou);
            }
        }
        matched += maxWeightMatching(pairs, left, right).size();
    }

    private static void addEdge(SimpleWeightedGraph<String, DefaultWeightedEdge> graph, String a, String b, double weight) {
        graph.addVertex(a);
        graph.addVertex(b);
        graph.setEdgeWeight(graph.addEdge(a, b), weight);
    }

    private static Set<DefaultWeightedEdge> maxWeightMatching(SimpleWeightedGraph<String, DefaultWeightedEdge> graph,
                                                              Set<String> left, Set<String> right) {
        if (left.isEmpty()) return Set.of();
        return new MaximumWeightBipartiteMatching<>(graph, left, right).getMatching().getEdges();
    }

    /** IDTP: the frames of the best one-to-one assignment of ground-truth ids to track ids. */
    public int identityTruePositives() {
        SimpleWeightedGraph<String, DefaultWeightedEdge> graph = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        Set<String> left = new HashSet<>(), right = new HashSet<>();
        overlaps.forEach((gt, tracks) -> tracks.forEach((track, n) -> {
            left.add("g:" + gt);
            right.add("t:" + track);
            addEdge(graph, "g:" + gt, "t:" + track, n);
        }));
        double idtp = 0;
        for (DefaultWeightedEdge e : maxWeightMatching(graph, left, right)) idtp += graph.getEdgeWeight(e);
        return (int) Math.round(idtp);
    }

    public int frames() {
        return frames;
    }

    public int truthBoxes() {
        return truthBoxes;
    }

    public int trackedBoxes() {
        return trackedBoxes;
    }

    /** Boxes matched in their frame (detection true positives). */
    public int matched() {
        return matched;
    }

    /** Detection recall; 1 when there is no ground-truth box. */
    public double recall() {
        return truthBoxes == 0 ? 1 : (double) matched / truthBoxes;
    }

    /** Detection precision; 1 when nothing was tracked. */
    public double precision() {
        return trackedBoxes == 0 ? 1 : (double) matched / trackedBoxes;
    }

    /** IDF1; 1 when there are neither ground-truth nor tracked boxes. */
    public double idf1() {
        int all = truthBoxes + trackedBoxes;
        return all == 0 ? 1 : 2.0 * identityTruePositives() / all;
    }
}
