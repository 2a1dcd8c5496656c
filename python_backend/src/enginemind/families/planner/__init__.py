"""Mission planner family: mission sentence -> validated plan of robot skills, with a safety monitor."""
