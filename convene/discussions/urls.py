from django.urls import path

from convene.discussions import feeds, views

app_name = "discussions"

urlpatterns = [
    path("<slug:slug>/posts/", views.post_list, name="post_list"),
    path("<slug:slug>/posts/new/", views.post_create, name="post_create"),
    path("<slug:slug>/posts/<int:post_id>/", views.post_detail, name="post_detail"),
    path("<slug:slug>/posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("<slug:slug>/posts/<int:post_id>/history/", views.post_history, name="post_history"),
    path("<slug:slug>/posts/<int:post_id>/comments/", views.comment_create, name="comment_create"),
    path(
        "<slug:slug>/posts/<int:post_id>/comments/<int:comment_id>/edit/",
        views.comment_edit,
        name="comment_edit",
    ),
    path(
        "<slug:slug>/posts/<int:post_id>/comments/<int:comment_id>/delete/",
        views.comment_delete,
        name="comment_delete",
    ),
    path(
        "<slug:slug>/posts/<int:post_id>/encouragement/",
        views.reaction_toggle,
        name="reaction_toggle",
    ),
    path("<slug:slug>/posts/<int:post_id>/<slug:action>/", views.post_action, name="post_action"),
    path("<slug:slug>/feeds/posts.atom", feeds.CommunityPostsFeed(), name="community_posts_feed"),
    path(
        "<slug:slug>/feeds/comments.atom",
        feeds.CommunityCommentsFeed(),
        name="community_comments_feed",
    ),
    path(
        "<slug:slug>/posts/<int:post_id>/feed.atom",
        feeds.PostCommentsFeed(),
        name="post_comments_feed",
    ),
]
