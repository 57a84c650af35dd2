"""Stories: articles about one event, clustered online in publication order."""

from newsloom.stories.cluster import StoryClusterer, StoryDoc
from newsloom.stories.model import Story

__all__ = ["Story", "StoryClusterer", "StoryDoc"]
