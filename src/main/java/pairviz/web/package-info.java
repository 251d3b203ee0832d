/**
 * {@code pairviz serve}: the local web app. {@link pairviz.web.WebServer} (Javalin) serves the
 * page (resources {@code pairviz/web/}) and its HTTP API ({@code docs/web-api.md}) over one shared
 * network; it owns only what a server needs besides the library: the id-to-file index of the
 * gallery images a request may read, uploads checked before decoding, a bounded work queue, and
 * the example scenes drawn when no gallery is given. Maps, searches and class maps are the
 * library's ({@code explain}, {@code eval}); the map pictures are {@code render}'s
 * {@link pairviz.render.PhotoOverlay}, as {@code explain} draws them.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.figures}, {@code pairviz.report},
 * {@code pairviz.train}.
 */
package pairviz.web;
