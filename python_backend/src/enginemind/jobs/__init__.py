"""Jobs: PostgreSQL queue, workers that claim jobs, runner processes that execute them."""
