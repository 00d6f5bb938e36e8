// Purpose: The shortest supply path from one chain category to another, following SUPPLIES
//   (input → product) for at most 10 steps; no row when there is none (or source and target are one).
// Parameters: $source — the upstream Category (id, key or exact name); $target — the downstream Category
// Returns: path, keys, hops
// Runs on: Neo4j, FalkorDB
MATCH (a:Category)
WHERE a.id = $source OR a.key = $source OR a.name = $source
MATCH (b:Category)
WHERE (b.id = $target OR b.key = $target OR b.name = $target) AND b <> a
WITH shortestPath((a)-[:SUPPLIES*1..10]->(b)) AS p
WHERE p IS NOT NULL
RETURN [n IN nodes(p) | n.name] AS path, [n IN nodes(p) | n.key] AS keys, length(p) AS hops
