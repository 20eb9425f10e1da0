import PlanGraph
import Testing

private func graph(_ nodeCount: Int, _ edges: [(Int, Int)]) -> DependencyGraph {
    var graph = DependencyGraph(nodeCount: nodeCount)
    for (from, to) in edges { graph.addEdge(from: from, to: to) }
    return graph
}

@Suite("Cycle finding")
struct CycleFinderTests {
    @Test("an acyclic graph has no cycles")
    func acyclic() {
        #expect(CycleFinder.cycles(in: graph(4, [(0, 1), (1, 2), (0, 2), (2, 3)])).isEmpty)
    }

    @Test("a self-loop is a cycle of length 1")
    func selfLoop() {
        #expect(CycleFinder.cycles(in: graph(2, [(0, 1), (1, 1)])) == [[1]])
    }

    @Test("every separate cycle is reported at once, each as a path")
    func severalCycles() {
        let cycles = CycleFinder.cycles(in: graph(6, [(0, 1), (1, 2), (2, 0), (3, 4), (4, 3), (2, 5)]))
        #expect(cycles.count == 2)
        #expect(cycles.contains([0, 1, 2]))
        #expect(cycles.contains([3, 4]))
    }

    @Test("the printed path follows real edges and closes on itself")
    func pathFollowsEdges() {
        let g = graph(5, [(0, 1), (1, 2), (2, 3), (3, 1), (3, 4)])
        let cycle = CycleFinder.cycles(in: g)[0]
        for (position, node) in cycle.enumerated() {
            #expect(g.hasEdge(from: node, to: cycle[(position + 1) % cycle.count]))
        }
    }

    @Test("a cycle of 500 nodes in a 10,000-node chain is found without deep recursion")
    func longCycle() {
        var edges = (0..<9_999).map { ($0, $0 + 1) }
        edges.append((5_499, 5_000))
        let cycles = CycleFinder.cycles(in: graph(10_000, edges))
        #expect(cycles.count == 1)
        #expect(cycles[0].count == 500)
    }
}

@Suite("Topological order, levels and critical path")
struct TopologicalOrderTests {
    @Test("a cyclic graph has no order")
    func cyclicHasNoOrder() {
        #expect(TopologicalOrder.order(of: graph(2, [(0, 1), (1, 0)])) == nil)
    }

    @Test("levels count the longest chain below each node")
    func levels() {
        let g = graph(5, [(0, 1), (1, 2), (0, 3), (3, 2), (2, 4)])
        let order = TopologicalOrder.order(of: g)!
        #expect(TopologicalOrder.levels(of: g, order: order) == [0, 1, 2, 1, 3])
    }

    @Test("nodes that do not count (barriers) add no level")
    func barriersAddNoLevel() {
        let g = graph(3, [(0, 1), (1, 2)])
        let order = TopologicalOrder.order(of: g)!
        #expect(TopologicalOrder.levels(of: g, order: order) { $0 != 1 } == [0, 1, 1])
    }

    @Test("the critical path is the heaviest chain, not the longest by count")
    func criticalPathUsesWeights() {
        // 0 -> 1 -> 2 -> 4 weighs 1+1+1+1 = 4; 0 -> 3 -> 4 weighs 1+10+1 = 12.
        let g = graph(5, [(0, 1), (1, 2), (2, 4), (0, 3), (3, 4)])
        let order = TopologicalOrder.order(of: g)!
        let result = TopologicalOrder.criticalPath(of: g, order: order) { $0 == 3 ? 10 : 1 }
        #expect(result.path == [0, 3, 4])
        #expect(result.length == 12)
    }

    @Test("closure holds the targets and everything they need, nothing else")
    func closure() {
        let g = graph(6, [(0, 1), (1, 2), (3, 2), (4, 5)])
        #expect(TopologicalOrder.closure(of: [2], in: g) == [0, 1, 2, 3])
    }

    @Test("duplicate edges are stored once")
    func duplicateEdges() {
        #expect(graph(2, [(0, 1), (0, 1)]).edgeCount == 1)
    }
}
