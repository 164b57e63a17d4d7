# generated
GITLAB_FEED_TOKEN=glft-wwarg907u3n3t4e0rp22
