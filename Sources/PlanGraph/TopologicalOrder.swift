import DequeModule

/// Orderings of an acyclic graph: a topological order, levels, and longest (critical) paths.
package enum TopologicalOrder {
    /// Kahn's algorithm. Returns nil when the graph has a cycle.
    package static func order(of graph: DependencyGraph) -> [Int]? {
        var remaining = graph.dependencies.map(\.count)
        var ready = Deque((0..<graph.nodeCount).filter { remaining[$0] == 0 })
        var order: [Int] = []
        order.reserveCapacity(graph.nodeCount)
        while let node = ready.popFirst() {
            order.append(node)
            for next in graph.dependents[node] {
                remaining[next] -= 1
                if remaining[next] == 0 { ready.append(next) }
            }
        }
        return order.count == graph.nodeCount ? order : nil
    }

    /// Level of each node: 0 for nodes without dependencies, otherwise one more than the deepest
    /// dependency, where a node of weight 0 (a barrier) does not add a level.
    package static func levels(of graph: DependencyGraph, order: [Int], counts: (Int) -> Bool = { _ in true }) -> [Int] {
        var level = Array(repeating: 0, count: graph.nodeCount)
        for node in order {
            let step = counts(node) ? 1 : 0
            for next in graph.dependents[node] {
                level[next] = max(level[next], level[node] + step)
            }
        }
        return level
    }

    /// A heaviest path through the graph, with its total weight.
    package static func criticalPath(of graph: DependencyGraph, order: [Int], weight: (Int) -> Double) -> (length: Double, path: [Int]) {
        guard !order.isEmpty else { return (0, []) }
        var best = Array(repeating: 0.0, count: graph.nodeCount)
        var previous = Array(repeating: -1, count: graph.nodeCount)
        for node in order {
            var bestDependency = -1
            var bestLength = 0.0
            for dependency in graph.dependencies[node] where bestDependency < 0 || best[dependency] > bestLength {
                bestDependency = dependency
                bestLength = best[dependency]
            }
            best[node] = bestLength + weight(node)
            previous[node] = bestDependency
        }
        var end = order[0]
        for node in order where best[node] > best[end] { end = node }
        var path = [end]
        while previous[path.last!] >= 0 { path.append(previous[path.last!]) }
        return (best[end], path.reversed())
    }

    /// `roots` and everything they transitively need.
    package static func closure(of roots: [Int], in graph: DependencyGraph) -> Set<Int> {
        var seen = Set(roots)
        var pending = roots
        while let node = pending.popLast() {
            for dependency in graph.dependencies[node] where seen.insert(dependency).inserted {
                pending.append(dependency)
            }
        }
        return seen
    }
}
