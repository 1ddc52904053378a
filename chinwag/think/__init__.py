"""Text reasoning: language models, dialogue flows and guardrails."""
