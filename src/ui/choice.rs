//! A drop-down the keyboard can reach. iced 0.14's `pick_list` cannot take the focus,
//! so Tab jumped over every choice on a form and a person typing had to reach for
//! the mouse. [`choice`] wraps one: Tab and Shift+Tab stop on it (a ring shows it has
//! the focus), the arrow keys, Home and End move through the options, and a letter
//! picks the next option that starts with it. The mouse works as before.

use std::borrow::Borrow;
use std::rc::Rc;

use iced::advanced::widget::operation::Focusable;
use iced::advanced::widget::{Operation, Tree, tree};
use iced::advanced::{Clipboard, Layout, Shell, Widget, layout, mouse, overlay, renderer};
use iced::keyboard::{self, Key, key::Named};
use iced::widget::pick_list::PickList;
use iced::{Border, Color, Element, Event, Length, Padding, Pixels, Rectangle, Size, Theme, Vector};

/// A drop-down of `options` showing `selected`, that Tab stops on.
pub fn choice<'a, T, L, V, Message>(
    options: L,
    selected: Option<V>,
    on_select: impl Fn(T) -> Message + 'a,
) -> Choice<'a, T, L, V, Message>
where
    T: ToString + PartialEq + Clone + 'a,
    L: Borrow<[T]> + 'a,
    V: Borrow<T> + 'a,
    Message: Clone + 'a,
{
    let all: Vec<T> = options.borrow().to_vec();
    let current = selected.as_ref().and_then(|value| all.iter().position(|option| option == value.borrow()));
    let on_select: Rc<dyn Fn(T) -> Message + 'a> = Rc::new(on_select);
    let for_list = Rc::clone(&on_select);
    Choice {
        pick_list: PickList::new(options, selected, move |option| for_list(option)),
        keyboard: Keyboard { options: all, current, on_select },
    }
}

/// A [`choice`] being built: the drop-down's own settings, then `.into()` an Element.
pub struct Choice<'a, T, L, V, Message>
where
    T: ToString + PartialEq + Clone,
    L: Borrow<[T]>,
    V: Borrow<T>,
{
    pick_list: PickList<'a, T, L, V, Message, Theme>,
    keyboard: Keyboard<'a, T, Message>,
}

impl<'a, T, L, V, Message> Choice<'a, T, L, V, Message>
where
    T: ToString + PartialEq + Clone + 'a,
    L: Borrow<[T]> + 'a,
    V: Borrow<T> + 'a,
    Message: Clone + 'a,
{
    pub fn placeholder(mut self, placeholder: impl Into<String>) -> Self {
        self.pick_list = self.pick_list.placeholder(placeholder);
        self
    }

    pub fn width(mut self, width: impl Into<Length>) -> Self {
        self.pick_list = self.pick_list.width(width);
        self
    }

    pub fn padding(mut self, padding: impl Into<Padding>) -> Self {
        self.pick_list = self.pick_list.padding(padding);
        self
    }

    pub fn text_size(mut self, size: impl Into<Pixels>) -> Self {
        self.pick_list = self.pick_list.text_size(size);
        self
    }
}

impl<'a, T, L, V, Message> From<Choice<'a, T, L, V, Message>> for Element<'a, Message>
where
    T: ToString + PartialEq + Clone + 'a,
    L: Borrow<[T]> + 'a,
    V: Borrow<T> + 'a,
    Message: Clone + 'a,
{
    fn from(choice: Choice<'a, T, L, V, Message>) -> Self {
        Element::new(Reachable { list: choice.pick_list.into(), keyboard: choice.keyboard })
    }
}

/// What the keys do while the drop-down has the focus.
struct Keyboard<'a, T, Message> {
    options: Vec<T>,
    current: Option<usize>,
    on_select: Rc<dyn Fn(T) -> Message + 'a>,
}

impl<T: ToString + Clone, Message> Keyboard<'_, T, Message> {
    /// The option a key press moves to, if it moves at all.
    fn target(&self, key: &Key) -> Option<usize> {
        let last = self.options.len().checked_sub(1)?;
        match key.as_ref() {
            Key::Named(Named::ArrowDown | Named::ArrowRight) => {
                Some(self.current.map_or(0, |current| (current + 1).min(last)))
            }
            Key::Named(Named::ArrowUp | Named::ArrowLeft) => {
                Some(self.current.map_or(0, |current| current.saturating_sub(1)))
            }
            Key::Named(Named::Home) => Some(0),
            Key::Named(Named::End) => Some(last),
            Key::Character(typed) => {
                let typed = typed.to_lowercase();
                let start = self.current.map_or(0, |current| current + 1);
                (0..self.options.len())
                    .map(|step| (start + step) % self.options.len())
                    .find(|&index| self.options[index].to_string().to_lowercase().starts_with(&typed))
            }
            _ => None,
        }
    }
}

/// Whether the drop-down has the keyboard's focus.
#[derive(Default)]
struct FocusState {
    focused: bool,
}

impl Focusable for FocusState {
    fn is_focused(&self) -> bool {
        self.focused
    }

    fn focus(&mut self) {
        self.focused = true;
    }

    fn unfocus(&mut self) {
        self.focused = false;
    }
}

struct Reachable<'a, T, Message> {
    list: Element<'a, Message>,
    keyboard: Keyboard<'a, T, Message>,
}

impl<T: ToString + Clone, Message> Widget<Message, Theme, iced::Renderer> for Reachable<'_, T, Message> {
    fn size(&self) -> Size<Length> {
        self.list.as_widget().size()
    }

    fn size_hint(&self) -> Size<Length> {
        self.list.as_widget().size_hint()
    }

    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<FocusState>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(FocusState::default())
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.list)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.list));
    }

    fn layout(&mut self, tree: &mut Tree, renderer: &iced::Renderer, limits: &layout::Limits) -> layout::Node {
        self.list.as_widget_mut().layout(&mut tree.children[0], renderer, limits)
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.list.as_widget().draw(&tree.children[0], renderer, theme, style, layout, cursor, viewport);
        if tree.state.downcast_ref::<FocusState>().focused {
            use iced::advanced::Renderer as _;
            renderer.fill_quad(
                renderer::Quad {
                    bounds: layout.bounds().expand(2.0),
                    border: Border {
                        color: theme.extended_palette().primary.strong.color,
                        width: 2.0,
                        radius: 4.0.into(),
                    },
                    ..renderer::Quad::default()
                },
                Color::TRANSPARENT,
            );
        }
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        operation.focusable(None, layout.bounds(), tree.state.downcast_mut::<FocusState>());
        self.list.as_widget_mut().operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        match event {
            // A click on the drop-down gives it the focus, as a click on a field does;
            // a click anywhere else takes it away.
            Event::Mouse(mouse::Event::ButtonPressed(_)) => {
                tree.state.downcast_mut::<FocusState>().focused = cursor.is_over(layout.bounds());
            }
            Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. })
                if tree.state.downcast_ref::<FocusState>().focused && !modifiers.command() && !modifiers.alt() =>
            {
                if let Some(index) = self.keyboard.target(key) {
                    if self.keyboard.current != Some(index) {
                        shell.publish((self.keyboard.on_select)(self.keyboard.options[index].clone()));
                    }
                    shell.capture_event();
                    return;
                }
            }
            _ => {}
        }
        self.list.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        self.list.as_widget().mouse_interaction(&tree.children[0], layout, cursor, viewport, renderer)
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &iced::Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, iced::Renderer>> {
        self.list.as_widget_mut().overlay(&mut tree.children[0], layout, renderer, viewport, translation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyboard(current: Option<usize>) -> Keyboard<'static, &'static str, ()> {
        Keyboard { options: vec!["Low", "Medium", "High", "Very high"], current, on_select: Rc::new(|_| ()) }
    }

    #[test]
    fn the_arrows_move_one_option_and_stop_at_the_ends() {
        let down = Key::Named(Named::ArrowDown);
        let up = Key::Named(Named::ArrowUp);
        assert_eq!(keyboard(None).target(&down), Some(0));
        assert_eq!(keyboard(Some(1)).target(&down), Some(2));
        assert_eq!(keyboard(Some(3)).target(&down), Some(3));
        assert_eq!(keyboard(Some(0)).target(&up), Some(0));
        assert_eq!(keyboard(Some(2)).target(&Key::Named(Named::Home)), Some(0));
        assert_eq!(keyboard(None).target(&Key::Named(Named::End)), Some(3));
    }

    #[test]
    fn a_letter_picks_the_next_option_starting_with_it() {
        let h = Key::Character("h".into());
        assert_eq!(keyboard(None).target(&h), Some(2));
        assert_eq!(keyboard(Some(2)).target(&Key::Character("V".into())), Some(3));
        assert_eq!(keyboard(Some(2)).target(&h), Some(2), "the only one: it stays");
        assert_eq!(keyboard(Some(0)).target(&Key::Character("x".into())), None);
    }

    #[test]
    fn other_keys_and_empty_lists_do_nothing() {
        assert_eq!(keyboard(Some(1)).target(&Key::Named(Named::Tab)), None, "Tab moves on to the next field");
        let empty: Keyboard<'static, &str, ()> =
            Keyboard { options: vec![], current: None, on_select: Rc::new(|_| ()) };
        assert_eq!(empty.target(&Key::Named(Named::ArrowDown)), None);
    }
}
