// Purpose: Neo4j 5 schema for chainkg: a unique id per label, indexes on name and dataset.
//   Generated from graph/schema.py (python -m chainkg.graph.statements); run once before loading,
//   e.g. cypher-shell -f cypher/schema.cypher. Safe to re-run (IF NOT EXISTS).
// Parameters: none
// Returns: nothing
// Runs on: Neo4j
// Neo4j only: FalkorDB has no named or IF NOT EXISTS constraints (chainkg db push creates its own)

CREATE CONSTRAINT chainkg_document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT chainkg_district_id IF NOT EXISTS FOR (n:District) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT chainkg_park_id IF NOT EXISTS FOR (n:Park) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT chainkg_direction_id IF NOT EXISTS FOR (n:Direction) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT chainkg_category_id IF NOT EXISTS FOR (n:Category) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT chainkg_group_id IF NOT EXISTS FOR (n:Group) REQUIRE n.id IS UNIQUE;
CREATE INDEX chainkg_district_name IF NOT EXISTS FOR (n:District) ON (n.name);
CREATE INDEX chainkg_park_name IF NOT EXISTS FOR (n:Park) ON (n.name);
CREATE INDEX chainkg_direction_name IF NOT EXISTS FOR (n:Direction) ON (n.name);
CREATE INDEX chainkg_category_name IF NOT EXISTS FOR (n:Category) ON (n.name);
