"""Union-find over integer ids, with path halving; grows as ids are added."""

from __future__ import annotations


class UnionFind:
    def __init__(self, parents: list[int] | None = None) -> None:
        self.parent: list[int] = list(parents or [])

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the older root stays root: groups keep their ids as new members join
            self.parent[max(ra, rb)] = min(ra, rb)
