// Purpose: Creation directions that several districts target (duplicated effort or competition),
//   most-targeted first.
// Parameters: $min_districts — the least number of districts to report (2 = duplicated)
// Returns: direction, direction_en, district_count, districts
// Runs on: Neo4j, FalkorDB
MATCH (d:District)-[:TARGETS]->(dir:Direction)
WITH dir, d
ORDER BY d.name
WITH dir, collect(d.name) AS districts
WHERE size(districts) >= $min_districts
RETURN dir.name AS direction, dir.name_en AS direction_en, size(districts) AS district_count, districts
ORDER BY district_count DESC, direction
