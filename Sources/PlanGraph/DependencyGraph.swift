/// A directed graph over nodes `0..<nodeCount`, where an edge `a -> b` means "b needs a".
///
/// Nodes are plain integers so the graph stays compact for plans of tens of thousands of steps;
/// callers keep their own table from index to domain object.
package struct DependencyGraph: Sendable, Hashable, Codable {
    /// `dependencies[b]` lists every `a` with an edge `a -> b`.
    package private(set) var dependencies: [[Int]]
    /// `dependents[a]` lists every `b` with an edge `a -> b`.
    package private(set) var dependents: [[Int]]

    package init(nodeCount: Int = 0) {
        dependencies = Array(repeating: [], count: nodeCount)
        dependents = Array(repeating: [], count: nodeCount)
    }

    package var nodeCount: Int { dependencies.count }

    package var edgeCount: Int { dependencies.reduce(0) { $0 + $1.count } }

    /// Adds a node and returns its index.
    @discardableResult
    package mutating func addNode() -> Int {
        dependencies.append([])
        dependents.append([])
        return dependencies.count - 1
    }

    /// Records that `dependent` needs `dependency`. Duplicate edges are ignored.
    package mutating func addEdge(from dependency: Int, to dependent: Int) {
        precondition(dependency < nodeCount && dependent < nodeCount, "edge to a missing node")
        if hasEdge(from: dependency, to: dependent) { return }
        dependencies[dependent].append(dependency)
        dependents[dependency].append(dependent)
    }

    /// Searches the shorter of the two lists that would hold the edge: a phase's start and end
    /// barriers have thousands of edges, each of their steps one or two.
    package func hasEdge(from dependency: Int, to dependent: Int) -> Bool {
        dependencies[dependent].count <= dependents[dependency].count
            ? dependencies[dependent].contains(dependency) : dependents[dependency].contains(dependent)
    }
}
