"""好差评: rating summaries on guides and the rateGuide mutation."""
