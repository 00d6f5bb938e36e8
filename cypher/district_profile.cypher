// Purpose: Profile of one district: type, host parks, creation directions and the chain
//   categories those directions cover.
// Parameters: $district — the district's id (district:重庆市/璧山区) or exact name (璧山区)
// Returns: id, district, district_en, type, parks, directions, categories
// Runs on: Neo4j, FalkorDB
MATCH (d:District)
WHERE d.id = $district OR d.name = $district
OPTIONAL MATCH (p:Park)-[:LOCATED_IN]->(d)
WITH d, p
ORDER BY p.full_name
WITH d, collect(p.full_name) AS parks
OPTIONAL MATCH (d)-[:TARGETS]->(dir:Direction)
WITH d, parks, dir
ORDER BY dir.name
WITH d, parks, collect(dir.name) AS directions
OPTIONAL MATCH (d)-[:TARGETS]->(:Direction)-[:BELONGS_TO]->(c:Category)
WITH d, parks, directions, c
ORDER BY c.key
RETURN d.id AS id, d.name AS district, d.name_en AS district_en, d.type AS type, parks, directions,
       collect(DISTINCT c.name) AS categories
