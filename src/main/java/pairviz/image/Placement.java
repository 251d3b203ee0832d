package pairviz.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a network's square input lies on the original photo: the input's S x S pixels show the
 * rectangle ({@code left}, {@code top}, {@code width}, {@code height}) of the photo, in the photo's
 * own pixel coordinates. The rectangle lies inside the photo for {@code squash} and
 * {@code center-crop}; for {@code pad} (letterbox) it reaches past the photo's edges, and what lies
 * outside the photo is padding the network saw but no photo pixel.
 *
 * <p>This is the one geometry the resize policies, the pictures drawn on the photo and the JSON's
 * cell regions share.
 *
 * @param photoWidth width of the original photo, pixels
 * @param photoHeight height of the original photo, pixels
 * @param left photo x of the input's left edge (negative when padded)
 * @param top photo y of the input's top edge (negative when padded)
 * @param width photo pixels the input's width spans
 * @param height photo pixels the input's height spans
 */
public record Placement(int photoWidth, int photoHeight, double left, double top, double width, double height) {

    /** @throws IllegalArgumentException for an empty photo or rectangle */
    public Placement {
        if (photoWidth <= 0 || photoHeight <= 0 || !(width > 0) || !(height > 0)) {
            throw new IllegalArgumentException("empty placement " + photoWidth + "x" + photoHeight + " / " + width + "x" + height);
        }
    }

    /** The whole photo stretched onto the square (the authors' resize). */
    public static Placement squash(int photoWidth, int photoHeight) {
        return new Placement(photoWidth, photoHeight, 0, 0, photoWidth, photoHeight);
    }

    /**
     * The centre square of the photo (torchvision's {@code Resize(S / cropFraction)} then
     * {@code CenterCrop(S)}): a square of side {@code min(w, h) * cropFraction}, centred.
     *
     * @param cropFraction in (0, 1]; 1 crops the largest centred square
     */
    public static Placement centerCrop(int photoWidth, int photoHeight, double cropFraction) {
        if (!(cropFraction > 0 && cropFraction <= 1)) {
            throw new IllegalArgumentException("crop fraction " + cropFraction + " is not in (0, 1]");
        }
        double side = Math.min(photoWidth, photoHeight) * cropFraction;
        return new Placement(photoWidth, photoHeight, (photoWidth - side) / 2, (photoHeight - side) / 2, side, side);
    }

    /** The whole photo inside a square of side {@code max(w, h)}, centred (letterbox). */
    public static Placement pad(int photoWidth, int photoHeight) {
        double side = Math.max(photoWidth, photoHeight);
        return new Placement(photoWidth, photoHeight, (photoWidth - side) / 2, (photoHeight - side) / 2, side, side);
    }

    /**
     * The photo rectangle that cell ({@code row}, {@code col}) of a {@code rows} x {@code cols}
     * grid over the input covers, as {left, top, width, height} in photo pixels (not clipped).
     */
    public double[] cell(int row, int col, int rows, int cols) {
        double cw = width / cols;
        double ch = height / rows;
        return new double[] {left + col * cw, top + row * ch, cw, ch};
    }

    /** Whether the whole photo is inside the input (nothing cropped away). */
    public boolean showsWholePhoto() {
        return left <= 1e-9 && top <= 1e-9 && left + width >= photoWidth - 1e-9 && top + height >= photoHeight - 1e-9;
    }

    /**
     * The JSON form, for a {@code rows} x {@code cols} grid over the input: {@code "photo": [w, h]},
     * {@code "input": [left, top, width, height]} (the photo rectangle the input shows),
     * {@code "whole_photo_seen"} and {@code "cells"}: for each grid row, for each column, the photo
     * rectangle {@code [left, top, width, height]} the cell covers (not clipped: under pad a cell
     * may reach past the photo's edge).
     */
    public Map<String, Object> toJson(int rows, int cols) {
        List<List<double[]>> cells = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            List<double[]> row = new ArrayList<>(cols);
            for (int c = 0; c < cols; c++) {
                row.add(cell(r, c, rows, cols));
            }
            cells.add(row);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("photo", List.of(photoWidth, photoHeight));
        o.put("input", new double[] {left, top, width, height});
        o.put("whole_photo_seen", showsWholePhoto());
        o.put("cells", cells);
        return o;
    }
}
