// Purpose: Host parks for a creation direction or a chain category: the parks of every district
//   that targets the direction (or a direction belonging to the category).
// Parameters: $name — a Direction or Category: its id (category:battery_cell), key or exact name (动力电池系统)
// Returns: district, district_type, park, direction
// Runs on: Neo4j, FalkorDB
MATCH (x)
WHERE (x:Direction OR x:Category) AND (x.id = $name OR x.key = $name OR x.name = $name)
MATCH (x)<-[:BELONGS_TO*0..1]-(dir:Direction)<-[:TARGETS]-(d:District)<-[:LOCATED_IN]-(p:Park)
RETURN DISTINCT d.name AS district, d.type AS district_type, p.full_name AS park, dir.name AS direction
ORDER BY district, park, direction
