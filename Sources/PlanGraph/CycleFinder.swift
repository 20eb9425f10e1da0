/// Finds every cycle of a graph at once using Tarjan's strongly connected components, so a plan
/// with several cycles reports them all in one go.
package enum CycleFinder {
    /// One cycle per strongly connected component that has a cycle, as a path of nodes
    /// `n0 -> n1 -> … -> n0` (the first node is not repeated). Self-loops are cycles of length 1.
    package static func cycles(in graph: DependencyGraph) -> [[Int]] {
        stronglyConnectedComponents(of: graph).compactMap { component in
            if component.count == 1 {
                let node = component[0]
                return graph.hasEdge(from: node, to: node) ? [node] : nil
            }
            return cyclePath(through: Set(component), in: graph)
        }
    }

    /// Tarjan's algorithm, iterative so that a 10,000-step chain does not overflow the stack.
    static func stronglyConnectedComponents(of graph: DependencyGraph) -> [[Int]] {
        let count = graph.nodeCount
        var index = Array(repeating: -1, count: count)
        var lowLink = Array(repeating: 0, count: count)
        var onStack = Array(repeating: false, count: count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var nextIndex = 0

        for root in 0..<count where index[root] < 0 {
            // Each frame is (node, position in its dependents list).
            var frames: [(node: Int, edge: Int)] = [(root, 0)]
            index[root] = nextIndex; lowLink[root] = nextIndex; nextIndex += 1
            stack.append(root); onStack[root] = true

            while let frame = frames.last {
                let node = frame.node
                let successors = graph.dependents[node]
                if frame.edge < successors.count {
                    frames[frames.count - 1].edge += 1
                    let next = successors[frame.edge]
                    if index[next] < 0 {
                        index[next] = nextIndex; lowLink[next] = nextIndex; nextIndex += 1
                        stack.append(next); onStack[next] = true
                        frames.append((next, 0))
                    } else if onStack[next] {
                        lowLink[node] = min(lowLink[node], index[next])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { lowLink[parent] = min(lowLink[parent], lowLink[node]) }
                if lowLink[node] == index[node] {
                    var component: [Int] = []
                    while let member = stack.popLast() {
                        onStack[member] = false
                        component.append(member)
                        if member == node { break }
                    }
                    components.append(component.sorted())
                }
            }
        }
        return components
    }

    /// A simple cycle inside one strongly connected component, found by breadth-first search
    /// from its smallest node back to itself (so the printed cycle is a shortest one).
    private static func cyclePath(through component: Set<Int>, in graph: DependencyGraph) -> [Int] {
        let start = component.min()!
        var parent: [Int: Int] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]; head += 1
            for next in graph.dependents[node] where component.contains(next) {
                if next == start {
                    var path = [node]
                    while let previous = parent[path.last!] { path.append(previous) }
                    return path.reversed()
                }
                if parent[next] == nil && next != start {
                    parent[next] = node
                    queue.append(next)
                }
            }
        }
        return [start]
    }
}
